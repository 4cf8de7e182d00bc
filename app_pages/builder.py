"""Network builder: a layer stack trained on a toy 2-D set, and one batch under the microscope."""

import streamlit as st

from bpcore import fmt
from bpcore.bughunt import averaged_hunt
from bpcore.builder import BuilderError
from bpcore.errors import CodedError
from bpcore.format import fmt_count
from bpcore.microscope import microscope
from bpcore.optimisers import update_latex
from bpcore.regularisation import penalised, penalised_latex
from tutor.builder import state as builder_state
from tutor.builder.controls import (
    batch_layer_code,
    boundary_chart,
    builder_controls,
    recipe_code,
)
from tutor.builder.watch import sync, training_view, watched
from tutor.figures.builder import norms_figure, per_sample_figure, rows_figure
from tutor.i18n import t
from tutor.modes.bughunt import hunt_section
from tutor.serving.busy import REFUSALS, pool_refusal
from tutor.ui.choices import choice_widget
from tutor.ui.formula import aligned_latex, stacked_latex
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure
from tutor.ui.reasons import reason

ctx = begin("builder")
lang, d = ctx.lang, ctx.decimals
phase_banner("builder", lang)
# One screen at 1280×720, as Playground: the controls in a narrow column of tabs, beside it
# Play/Step, the network picture and the output plot; the curves and the microscope below.
controls_col, watch_col = st.columns([1, 2.7], gap="small")
with controls_col:
    recipe, slots = builder_controls(lang)

# Retrained on every change of the recipe, once for the whole server; a refused recipe keeps
# the last run that could be trained. The progress bar is drawn in a container of its own: a
# run that trains and one that does not then put the tabs below at the same place, so the
# open tab stays open (else the first click in the microscope after training reopened the
# first tab).
with watch_col, st.container():
    outcome = builder_state.BUILDER_RESULT.keep(st.session_state, recipe,
                                                training_view(recipe, lang),
                                                refusals=(BuilderError, *REFUSALS))
    pool_refusal(outcome, lang)  # the server's workers were all busy: the last run stays
if isinstance(outcome.refusal, BuilderError):
    slots.get(outcome.refusal.field, slots["data"]).error(reason(outcome.refusal, lang),
                                                          icon="⚠️")
if (recipe.points is not None and isinstance(outcome.refusal, BuilderError)
        and outcome.refusal.field == "data"):
    # The learner's own points cannot be trained on (cleared, one class, too few): the plane
    # shows them without the boundary of points that are gone, and stays clickable to add the
    # missing ones; the kept run's figures and the code of a recipe that cannot run are not.
    with watch_col:
        boundary_chart(None, recipe, lang)
    st.stop()
if outcome.kept is None:
    st.stop()
run = outcome.result
curves = run.curves
with watch_col:
    if outcome.stale:
        st.caption(t("builder.kept", lang))
    if curves.diverged_at is not None:
        st.error(t("builder.diverged", lang, epoch=curves.diverged_at), icon="⚠️")
    if not len(curves.train_loss) or not run.frames:  # not even the start was finite
        st.stop()
    sync(run, outcome.kept.inputs)  # the recipe of the run shown (the last valid one)
    watched(run, recipe, lang)

train_tab, micro_tab = st.tabs([t("builder.tab_train", lang), t("builder.tab_micro", lang)])
with train_tab:
    st.caption(t("builder.sizes", lang, sizes="-".join(map(str, run.network.sizes)),
                 params=run.parameters, steps=run.updates))
    cols = st.columns(4)
    if not run.regression:  # a regression has no accuracy
        cols[0].metric(t("builder.train_acc", lang),
                       f"{100 * curves.train_accuracy[-1]:.1f} %")
        cols[1].metric(t("builder.test_acc", lang), f"{100 * curves.test_accuracy[-1]:.1f} %")
    cols[2].metric(t("builder.train_loss", lang), fmt(curves.train_loss[-1], d))
    cols[3].metric(t("builder.test_loss", lang), fmt(curves.test_loss[-1], d))
    if len(curves.grad_norms):
        show_figure(norms_figure(curves, lang), "builder.norms")
    recipe_code(recipe, lang, d)

with micro_tab:
    st.markdown(t("micro.intro", lang))
    cols = st.columns([1.4, 1.4, 1, 1, 1])
    # A diverged network has no finite gradients left to look at: only its start is offered.
    whens = ("before",) if curves.diverged_at is not None else ("before", "after")
    when = choice_widget(
        cols[0].radio, t("micro.when", lang), whens, key=builder_state.MICRO_WHEN,
        format_func=lambda w: t(f"micro.{w}", lang))
    if run.batches > 1:
        k = cols[1].slider(t("micro.batch", lang), 1, run.batches, 1,
                           key=builder_state.MICRO_BATCH)
    else:  # a slider needs two ends
        k = 1
        cols[1].caption(t("micro.one_batch", lang))
    sizes = run.network.sizes
    layer = choice_widget(
        cols[2].selectbox, t("micro.layer", lang), range(1, len(sizes)),
        key=builder_state.MICRO_LAYER)
    i = choice_widget(
        cols[3].selectbox, t("micro.from", lang), range(1, sizes[layer - 1] + 1),
        key=builder_state.micro_unit_key("from", layer, sizes[layer - 1]))
    j = choice_widget(
        cols[4].selectbox, t("micro.to", lang), range(1, sizes[layer] + 1),
        key=builder_state.micro_unit_key("to", layer, sizes[layer]))
    k = min(k, run.batches) - 1  # 0-based
    X, T = run.first_epoch_batch(k)
    # The trainer as that update found it (the trained one: as the run ended), optimiser
    # state included.
    trainer = run.trainer_before(k) if when == "before" else run.trainer_at(run.frames[-1])
    network = trainer.network
    m = microscope(network, X, T, layer, i - 1, j - 1)
    name = f"W{layer}[{i},{j}]"
    st.markdown(t("micro.weight", lang, name=name))
    # Two by two: four in a row cut their labels and values short on a laptop screen.
    cols = [col for _ in range(2) for col in st.columns(2)]
    cols[0].metric(t("micro.mean", lang, b=len(X)), fmt(m.mean, d))
    cols[1].metric(t("micro.batch_gradient", lang), fmt(m.batch_gradient, d))
    cols[2].metric(t("micro.numeric", lang), fmt(m.numeric, d))
    cols[3].metric(t("micro.twice", lang), fmt(m.averaged_twice, d))
    if m.twice_factor > 1:
        cols[3].caption(t("micro.twice_help", lang, factor=fmt_count(m.twice_factor), b=len(X)))
    else:
        cols[3].caption(t("micro.twice_same", lang))
    if run.regularisation.active:  # the update adds the penalty's term to the mean
        w = float(network.weights[layer - 1][i - 1, j - 1])
        term, total = penalised(run.regularisation, m.batch_gradient, w)
        st.markdown(t(f"micro.penalty.{run.regularisation.kind}", lang))
        st.latex(penalised_latex(run.regularisation, f"w_{{{i}{j}}}^{{({layer})}}",
                                 fmt(m.batch_gradient, d), fmt(w, d), fmt(term, d),
                                 fmt(total, d)))
    # The optimiser's step of this weight on this batch, every state value substituted.
    step = trainer.explain(X, T, layer, i - 1, j - 1)
    st.markdown(t(f"micro.optimiser.{step.spec.name}", lang, t=step.t))
    st.latex(stacked_latex(update_latex(step, f"w_{{{i}{j}}}^{{({layer})}}", d)))
    show_figure(per_sample_figure(m, name, lang), "micro.per_sample")
    batch_layer_code(recipe, len(X), lang)
    st.subheader(t("micro.layers_title", lang))
    for lb in m.layers:
        act = network.activations[lb.layer - 1]
        st.markdown(f"#### {t('micro.layer_title', lang, k=lb.layer, act=act)}")
        st.latex(aligned_latex(lb.formulas))
        left, right = st.columns(2)
        with left:
            show_figure(rows_figure(lb.delta, t("micro.delta_title", lang, k=lb.layer), lang),
                        f"micro.delta.{lb.layer}")
        if lb.layer > 1:
            with right:
                show_figure(rows_figure(lb.dE_dinput, t("micro.passed_title", lang,
                                                        prev=lb.layer - 1), lang),
                            f"micro.passed.{lb.layer}")
    st.subheader(t("bughunt.micro_title", lang))
    # The hunt follows a weight below the output layer: the one followed above, else W1[1,1].
    followed = (layer, i - 1, j - 1) if layer < len(sizes) - 1 else (1, 0, 0)
    try:
        hunt = averaged_hunt(network, X, T, *followed)
    except CodedError as err:
        st.info(reason(err, lang))
    else:
        st.caption(t("bughunt.micro_follows", lang, layer=followed[0], i=followed[1] + 1,
                     j=followed[2] + 1))
        hunt_section(hunt, d, lang, ctx.presenting)
