"""Handwritten digits: a 64-h-10 relu/softmax network trained by bpcore on the bundled digits."""

import streamlit as st

from bpcore import Network
from bpcore.data import load_digits, one_hot, split
from bpcore.sgd import confusion, misclassified, output_delta_of, sgd
from tutor import state
from tutor.digits_charts import confusion_figure, curves_figure, mosaic_figure, outputs_figure
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure

ctx = begin("digits")
phase_banner("digits", ctx.lang)
cols = st.columns(5)
hidden = cols[0].number_input(t("digits.hidden", ctx.lang), 8, 128, 32, key=state.DIGITS_HIDDEN)
eta = cols[1].number_input(t("field.eta", ctx.lang), 0.001, 2.0, 0.1, 0.05, format="%.3f",
                           key=state.DIGITS_ETA)
epochs = cols[2].number_input(t("digits.epochs", ctx.lang), 1, 60, 20, key=state.DIGITS_EPOCHS)
batch = cols[3].number_input(t("digits.batch", ctx.lang), 1, 512, 32, key=state.DIGITS_BATCH)
seed = cols[4].number_input(t("digits.seed", ctx.lang), 0, 2**31 - 1, 0, key=state.DIGITS_SEED)
settings = (hidden, eta, epochs, batch, seed)
kept = st.session_state.get(state.DIGITS_RESULT)
if kept is None or kept[0] != settings:
    X, y = load_digits()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=int(seed))
    network = Network.random((64, int(hidden), 10), ("relu", "softmax"), "cross_entropy",
                             seed=int(seed))
    bar = st.progress(0.0, text=t("digits.training", ctx.lang))
    curves = sgd(network, X_train, one_hot(y_train, 10), X_test, one_hot(y_test, 10),
                 float(eta), int(epochs), int(batch), int(seed),
                 progress=lambda f: bar.progress(f, text=t("digits.training", ctx.lang)))
    bar.empty()
    st.session_state[state.DIGITS_RESULT] = (settings, (network, curves, X_test, y_test))
network, curves, X_test, y_test = st.session_state[state.DIGITS_RESULT][1]

st.metric(t("digits.test_accuracy", ctx.lang, n=len(y_test)),
          f"{100 * curves.test_accuracy[-1]:.1f} %")
show_figure(curves_figure(curves, ctx.lang), "digits.curves")
left, right = st.columns(2)
with left:
    show_figure(confusion_figure(confusion(network, X_test, y_test, 10), ctx.lang),
                "digits.confusion")
with right:
    wrong, predicted = misclassified(network, X_test, y_test)
    shown = wrong[:24]
    captions = [f"{y_test[i]}→{p}" for i, p in zip(shown, predicted, strict=False)]
    if len(shown):
        show_figure(mosaic_figure(X_test[shown].reshape(-1, 8, 8), captions,
                                  t("digits.wrong_title", ctx.lang, n=len(wrong)), 6),
                    "digits.wrong")
    else:
        st.success(t("digits.none_wrong", ctx.lang))
weights = network.weights[0].T.reshape(-1, 8, 8)
show_figure(mosaic_figure(weights, [str(k + 1) for k in range(len(weights))],
                          t("digits.weights_title", ctx.lang), 16, diverging=True),
            "digits.weights")
st.subheader(t("digits.one_title", ctx.lang))
index = st.slider(t("digits.pick", ctx.lang), 0, len(y_test) - 1, 0, key=state.DIGITS_PICK)
image, bars = st.columns([1, 3])
with image:
    show_figure(mosaic_figure(X_test[[index]].reshape(-1, 8, 8), [str(y_test[index])],
                              t("digits.image", ctx.lang), 1), "digits.image")
with bars:
    probabilities, delta = output_delta_of(network, X_test[index], int(y_test[index]), 10)
    show_figure(outputs_figure(probabilities, delta, int(y_test[index]), ctx.lang),
                "digits.outputs")
