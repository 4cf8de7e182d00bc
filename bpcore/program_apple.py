"""The computational graph's shopping examples as seed 003's code: MulLayer and AddLayer.

apple_program(example, leaves) writes the lecture's (Saito's) layers with forward and backward,
wires them as the graph page's example ("apples": price = apple · apple_num · tax; or
"apples_oranges": price = (apple · apple_num + orange · orange_num) · tax) with the page's leaf
values, and prints the book's lines: ``price: …``, ``dApple: …``, ``dApple_num: …``, ``dTax: …``
(and ``dOrange``, ``dOrange_num``). PRINTS says which value of bpcore.graph each printed name
is: ("value", node) or ("grad", name), so the tests compare the printed numbers with
bpcore.graph.evaluate and the page can label them.

The book prints int(price); these cells print the float as it is (220.00000000000003 with
tax 1.1), so that the printed number is the computed one for any leaf values.

The code is the book's, names and all; its header comment (and the intro text) maps them to
the worked example's: out is a node's output, dout = ∂E/∂out, dx and dy = ∂E/∂x and ∂E/∂y.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from bpcore.program import Program, code, text

LAYERS = '''
# Saito's names. In the worked example's: out is a node's output (out), dout the gradient
# arriving from above (dE/dout), dx and dy the gradients sent back to its inputs (dE/dx, dE/dy).
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        out = x * y
        return out

    def backward(self, dout):
        dx = dout * self.y  # x and y swap places
        dy = dout * self.x
        return dx, dy


class AddLayer:
    def __init__(self):
        pass

    def forward(self, x, y):
        out = x + y
        return out

    def backward(self, dout):
        dx = dout * 1
        dy = dout * 1
        return dx, dy
'''

# Printed name → where bpcore.graph keeps it: ("value", node) or ("grad", name).
PRINTS: Mapping[str, Mapping[str, tuple[str, str]]] = MappingProxyType({
    "apples": MappingProxyType({
        "price": ("value", "price"), "dApple": ("grad", "apple"),
        "dApple_num": ("grad", "apple_num"), "dTax": ("grad", "tax")}),
    "apples_oranges": MappingProxyType({
        "price": ("value", "price"), "dApple": ("grad", "apple"),
        "dApple_num": ("grad", "apple_num"), "dOrange": ("grad", "orange"),
        "dOrange_num": ("grad", "orange_num"), "dTax": ("grad", "tax")}),
})
EXAMPLES = tuple(PRINTS)

_WIRING = {
    "apples": ('''
# layers
mul_apple_layer = MulLayer()
mul_tax_layer = MulLayer()

# forward
apple_price = mul_apple_layer.forward(apple, apple_num)
price = mul_tax_layer.forward(apple_price, tax)
print("price:", price)
''', '''
# backward
dprice = 1
dapple_price, dtax = mul_tax_layer.backward(dprice)
dapple, dapple_num = mul_apple_layer.backward(dapple_price)
print("dApple:", dapple)
print("dApple_num:", dapple_num)
print("dTax:", dtax)
'''),
    "apples_oranges": ('''
# layers
mul_apple_layer = MulLayer()
mul_orange_layer = MulLayer()
add_apple_orange_layer = AddLayer()
mul_tax_layer = MulLayer()

# forward
apple_price = mul_apple_layer.forward(apple, apple_num)
orange_price = mul_orange_layer.forward(orange, orange_num)
all_price = add_apple_orange_layer.forward(apple_price, orange_price)
price = mul_tax_layer.forward(all_price, tax)
print("price:", price)
''', '''
# backward
dprice = 1
dall_price, dtax = mul_tax_layer.backward(dprice)
dapple_price, dorange_price = add_apple_orange_layer.backward(dall_price)
dorange, dorange_num = mul_orange_layer.backward(dorange_price)
dapple, dapple_num = mul_apple_layer.backward(dapple_price)
print("dApple:", dapple)
print("dApple_num:", dapple_num)
print("dOrange:", dorange)
print("dOrange_num:", dorange_num)
print("dTax:", dtax)
'''),
}
_LEAVES = {"apples": ("apple", "apple_num", "tax"),
           "apples_oranges": ("apple", "apple_num", "orange", "orange_num", "tax")}


def literal(value: float) -> str:
    """A leaf value as the book writes it: a whole number without a point (100), else repr."""
    v = float(value)
    return str(int(v)) if v.is_integer() and abs(v) < 2 ** 53 else repr(v)


def apple_program(example: str, leaves: Mapping[str, float]) -> Program:
    """The example's program: the layers, the leaf values, forward (prints price), backward
    (prints each leaf's gradient). ``leaves``: every leaf of the example by name."""
    forward, backward = _WIRING[example]
    values = "\n".join(f"{name} = {literal(leaves[name])}" for name in _LEAVES[example])
    return (
        text("program.apple.intro"),
        code(LAYERS),
        code(values + "\n" + forward, step="forward", prints=("price",)),
        code(backward, step="backward",
             prints=tuple(n for n in PRINTS[example] if n != "price")),
    )
