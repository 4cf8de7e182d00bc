"""The handwritten-digits page under AppTest, and its bpcore pieces."""

import json
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Network
from bpcore.data import load_digits, one_hot, split
from bpcore.sgd import confusion, misclassified, output_delta_of
from tutor.digits_charts import mosaic
from tutor.i18n import t

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_trains_to_at_least_95_percent(lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("app_pages/digits.py").run()
    assert not at.exception
    metric = at.metric[0]
    assert metric.label == t("digits.test_accuracy", lang, n=359)
    assert float(metric.value.rstrip(" %")) >= 95.0
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    counts = np.array(specs[1]["data"][0]["z"])
    assert counts.sum() == 359 and counts.shape == (10, 10)
    for spec in specs:
        go.Figure(spec)


def test_confusion_misclassified_and_delta_agree_with_the_network():
    X, y = load_digits()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=0)
    net = Network.random((64, 16, 10), ("relu", "softmax"), "cross_entropy", seed=1)
    counts = confusion(net, X_test, y_test, 10)
    wrong, predicted = misclassified(net, X_test, y_test)
    assert counts.sum() == len(y_test) and len(wrong) == len(y_test) - np.trace(counts)
    assert np.all(predicted != y_test[wrong])
    probabilities, delta = output_delta_of(net, X_test[0], int(y_test[0]), 10)
    np.testing.assert_allclose(delta, probabilities - one_hot(y_test[:1], 10)[0], atol=1e-15)
    assert probabilities.sum() == pytest.approx(1.0)


def test_mosaic_places_each_image_with_room_for_its_caption():
    tiles = mosaic(np.ones((3, 8, 8)), columns=2)
    assert tiles.shape == (22, 17)
    assert np.isnan(tiles[8:11]).all() and np.isnan(tiles[:, 8]).all()  # caption rows, gap
    assert not np.isnan(tiles[11:19, :8]).any()  # the third image
    assert np.isnan(tiles[11:, 9:]).all()  # the fourth place is empty
