"""Every formula a learner sees can be worked out from its shown numbers.

(The worked example's steps, the 1-1-1 chain rule's lines and the computational graphs'
steps: every Formula the panel draws.)

For random valid scenarios (inputs, targets, weights and biases anywhere within bpcore's
limits: huge, tiny, negative; any η in (0, 1000]; biases trained or not) and every precision
from 2 to 10, each step's substituted formula is taken exactly as the formula panel shows it,
parsed back into arithmetic by the small parser below (written independently of bpcore: it
knows only the LaTeX vocabulary of the templates), evaluated with 60-digit decimals, and
compared with the shown result: they agree to one unit in the result's last shown digit.
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpcore import Scenario, trace_step
from bpcore.chain import CHAIN_LOSSES, chain_111
from bpcore.graph import chain_rule
from bpcore.graph import evaluate as evaluate_graph
from bpcore.graph_examples import EXAMPLES
from bpcore.limits import ETA, MAX_MAGNITUDE
from tutor.ui.formula import fitted, formula_latex

MAX_ETA = ETA.hi

CTX = decimal.Context(prec=60, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)

_TOKEN = re.compile(r"\s*(\\left\(|\\right\)|\\[a-zA-Z]+|\d+(?:\.\d+)?|e(?=\s*\^)|[-+()\[\]{}^])")


def tokens(latex: str) -> list[str]:
    """The LaTeX of a substituted formula as tokens; thin spaces and \\quad are dropped."""
    out, pos = [], 0
    latex = latex.strip()
    while pos < len(latex):
        match = _TOKEN.match(latex, pos)
        if match is None:
            raise ValueError(f"cannot read {latex[pos:]!r} in {latex!r}")
        pos = match.end()
        tok = match.group(1)
        if tok not in (r"\,", r"\;", r"\quad", r"\large"):
            out.append(tok)
    return out


def exp(x: Decimal) -> Decimal:
    """e^x; beyond the largest decimal (x above ~2.3 × 10¹⁸, as in σ of the net input after
    a huge update) it is infinite, so that 1/(1 + e^x) comes out as its limit, 0: anything
    else an infinity reaches (a sum, a product) still fails the comparison."""
    try:
        return CTX.exp(x)
    except decimal.Overflow:
        return Decimal("Infinity")


class Parser:
    """expr := term (± term)*; term := factor ((\\cdot | \\times | juxtaposition) factor)*;
    factor := −factor | power; power := atom (^ atom)?; atom := number | (expr) | [expr] |
    \\left( expr \\right) | {expr} | \\frac atom atom | \\tfrac atom atom | e^atom |
    \\sigma atom | \\log factor."""

    STARTS = {"(", "[", "{", r"\left(", r"\frac", r"\tfrac", "e", r"\sigma", r"\log"}

    def __init__(self, latex: str) -> None:
        self.toks, self.k = tokens(latex), 0

    def peek(self) -> str | None:
        return self.toks[self.k] if self.k < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise ValueError(f"expected {expected!r}, got {tok!r} in {self.toks}")
        self.k += 1
        return tok

    def parse(self) -> Decimal:
        value = self.expr()
        if self.peek() is not None:
            raise ValueError(f"left over: {self.toks[self.k:]}")
        return value

    def expr(self) -> Decimal:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            value = CTX.add(value, right) if op == "+" else CTX.subtract(value, right)
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while True:
            tok = self.peek()
            if tok in (r"\cdot", r"\times"):
                self.take()
            elif not (tok is not None and (tok in self.STARTS or tok[0].isdigit())):
                return value
            value = CTX.multiply(value, self.factor())

    def factor(self) -> Decimal:
        if self.peek() == "-":
            self.take()
            return -self.factor()
        return self.power()

    def power(self) -> Decimal:
        if self.peek() == "e":
            self.take()
            self.take("^")
            return exp(self.atom())
        base = self.atom()
        if self.peek() == "^":
            self.take()
            exponent = self.atom()
            return CTX.power(base, int(exponent)) if exponent == int(exponent) else \
                CTX.power(base, exponent)
        return base

    def atom(self) -> Decimal:
        tok = self.take()
        if tok[0].isdigit():
            return Decimal(tok)
        closing = {"(": ")", "[": "]", "{": "}", r"\left(": r"\right)"}
        if tok in closing:
            value = self.expr()
            self.take(closing[tok])
            return value
        if tok in (r"\frac", r"\tfrac"):
            return CTX.divide(self.atom(), self.atom())
        if tok == r"\sigma":
            return CTX.divide(1, CTX.add(1, exp(-self.atom())))
        if tok == r"\log":
            return CTX.ln(self.factor())
        raise ValueError(f"unknown token {tok!r} in {self.toks}")


def evaluate(latex: str) -> Decimal:
    """The value of a substituted formula or a shown result, as 60-digit decimal arithmetic."""
    return Parser(latex).parse()


def unit(result: str) -> Decimal:
    """One unit in the last shown digit of a shown result: 0.7514 → 0.0001,
    4.3857 \\times 10^{-4} → 10⁻⁸."""
    match = re.fullmatch(r"\s*-?\d+(?:\.(\d+))?(?:\s*\\times\s*10\^\{(-?\d+)\})?\s*", result)
    assert match, f"not a shown number: {result!r}"
    places = len(match.group(1) or "")
    return Decimal(10) ** (int(match.group(2) or 0) - places)


def shown_lines(block: str) -> list[str]:
    """The members of an aligned formula block: 'symbol = formula', then each '= …' line;
    a line continuing the one above (it starts with & but not &=) is joined to it. A first
    line '& symbol' (the symbol on a line of its own, over its '= formula') is joined to the
    '= formula' under it."""
    body = re.search(r"\\begin\{aligned\}(.*)\\end\{aligned\}", block, re.S)
    assert body, block
    members: list[str] = []
    alone = False  # the first line was the symbol alone
    for line in body.group(1).split(r"\\"):
        line = line.strip()
        if line.startswith("&=") and alone:
            members[-1] += " = " + line[2:]
            alone = False
        elif line.startswith("&="):
            members.append(line[2:])
        elif line.startswith("&") and not members:
            members.append(line[1:])
            alone = True
        elif line.startswith("&"):
            members[-1] += " " + line[1:]
        else:
            members.append(line)
    return members


def check(block: str, where: str) -> bool:
    """The block's numbers work out to its result; False for a given value (nothing to
    work out: 'symbol = formula = value'), True once worked out and compared."""
    members = shown_lines(block)
    assert len(members) in (2, 3), f"{where}: {block}"
    if len(members) == 2:
        return False
    substituted, result = members[1], members[2]
    worked, shown = evaluate(substituted), evaluate(result)
    assert abs(worked - shown) <= unit(result), (
        f"{where}: working out {substituted} gives {worked}, the panel shows {result}")
    return True


magnitude = st.one_of(
    st.floats(-2.0, 2.0),
    st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE),
    st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e-8, -3e-5, MAX_MAGNITUDE, -MAX_MAGNITUDE,
                     123456.789, 0.05, 0.35]),
)
scenarios = st.builds(
    Scenario,
    inputs=st.tuples(magnitude, magnitude),
    targets=st.tuples(magnitude, magnitude),
    weights=st.tuples(*[magnitude] * 8),
    biases=st.tuples(*[magnitude] * 4),
    eta=st.one_of(st.floats(1e-6, MAX_ETA), st.sampled_from([0.5, MAX_ETA, 1e-3])),
    train_biases=st.booleans(),
)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(scenarios, st.integers(2, 10))
def test_every_formula_gives_its_shown_result_from_its_shown_numbers(scenario, decimals):
    worked = {step.name for step in trace_step(scenario).steps
              if check(formula_latex(step, decimals), f"{step.name} at {decimals} decimals")}
    assert set(AFTER) <= worked  # the forward pass after the update, every step worked out


# The forward pass after the update: every one of its steps has numbers to work out.
AFTER = ("net_h1_new", "out_h1_new", "net_h2_new", "out_h2_new", "net_o1_new", "out_o1_new",
         "net_o2_new", "out_o2_new", "E_total_new")


def test_the_worked_example_at_every_precision():
    trace = trace_step(Scenario.worked_example())
    for decimals in range(2, 11):
        worked = {step.name for step in trace.steps
                  if check(formula_latex(step, decimals), f"{step.name} at {decimals} decimals")}
        assert worked == set(trace.names())  # every step, none merely given


def test_every_breaking_a_narrower_panel_shows_works_out_too():
    """The step panel's formula broken for every width it may have (tutor.ui.formula.fitted:
    more lines, the symbol on a line of its own) has the same numbers and result."""
    trace = trace_step(Scenario.worked_example())
    for decimals in (2, 10):
        for step in trace.steps:
            for fit in fitted(step, decimals):
                assert check(fit.latex, f"{step.name} at {decimals} decimals: {fit.latex}")


def test_a_sigmoid_beyond_the_largest_decimal_is_its_limit():
    assert evaluate(r"\frac{1}{1 + e^{-\left(-2.31 \times 10^{18}\right)}}") == 0
    assert evaluate(r"\sigma(-3 \times 10^{18})") == 0


def test_the_parser_reads_the_template_vocabulary():
    assert evaluate(r"\tfrac{1}{2}(0.01 - 0.7514)^2") == Decimal("0.27483698")
    assert evaluate(r"0.0088 \cdot 4.3857 \times 10^{-4}") == Decimal("0.00000385941600")
    assert evaluate(r"-(0.01 - \left(-0.5\right))") == Decimal("-0.51")
    assert evaluate(r"0.25(1 - 0.25)") == Decimal("0.1875")
    assert abs(evaluate(r"\frac{1}{1 + e^{-0.3775}}") - Decimal("0.593269992107187")) < 1e-15
    assert abs(evaluate(r"\sigma(0)") - Decimal("0.5")) < 1e-50
    assert unit(r"4.3857 \times 10^{-4}") == Decimal("1e-8") and unit("0.75") == Decimal("0.01")


def check_formula(formula, decimals: int, where: str) -> None:
    check(formula_latex(formula, decimals), f"{where} {formula.name} at {decimals} decimals")


@settings(max_examples=120, deadline=None, derandomize=True)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3), st.floats(0.05, 0.95),
       st.sampled_from(CHAIN_LOSSES), st.integers(2, 10))
def test_the_chain_rule_pages_formulas_work_out(x, w1, w2, y, loss, decimals):
    chain = chain_111(x, w1, w2, y, loss)
    for formula in (*chain.forward, *chain.factors, chain.product("w2"), chain.product("w1")):
        check_formula(formula, decimals, "chain")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(0, 1),
       st.integers(2, 10))
def test_the_chain_rule_pages_squared_error_works_out_at_any_magnitude(x, w1, w2, y, decimals):
    chain = chain_111(x, w1, w2, y)
    for formula in (*chain.forward, *chain.factors, chain.product("w2"), chain.product("w1")):
        check_formula(formula, decimals, "chain")


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.sampled_from(sorted(EXAMPLES)), st.lists(st.floats(-20, 20), min_size=5, max_size=5),
       st.integers(2, 10))
def test_every_graph_step_and_chain_rule_works_out(example, xs, decimals):
    base = trace_step(Scenario())
    graph = EXAMPLES[example](base) if example == "neuron_o1" else EXAMPLES[example]()
    leaves = [leaf.name for leaf in graph.leaves if not leaf.constant]
    trace = evaluate_graph(graph, dict(zip(leaves, xs, strict=False)))
    for step in trace.steps:
        check_formula(step, decimals, example)
    for name in graph.names():
        if name != graph.output:
            check_formula(chain_rule(trace, name), decimals, f"{example} chain rule")
