"""The handwritten-digits page under AppTest, and its bpcore pieces."""

from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Network
from bpcore.data import load_digits, one_hot, split
from bpcore.reports import confusion, misclassified, output_delta_of
from tests.app.apptest import field, figures, open_page
from tutor.digits import state as digits_state
from tutor.figures.digits import mosaic
from tutor.i18n import LANGUAGES, t
from tutor.serving import jobs, shared
from tutor.ui.reasons import plain


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_trains_to_at_least_95_percent(lang):
    at = open_page("digits", lang, timeout=120)
    assert not at.exception
    metric = at.metric[0]
    assert metric.label == t("digits.test_accuracy", lang, n=359)
    assert float(metric.value.rstrip(" %")) >= 95.0
    specs = figures(at)
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


# --- MNIST from IDX files -------------------------------------------------------------
@pytest.fixture(autouse=True)
def data_root(tmp_path, monkeypatch):
    """The folders these tests write lie inside the root the page may read MNIST from."""
    monkeypatch.setenv("BPTUTOR_DATA_ROOT", str(tmp_path))


def write_small_mnist(folder: Path, n_train: int = 300, n_test: int = 100,
                      mislabelled: int = 0) -> None:
    """Random 28×28 images with a bright bar whose height says the label (learnable); the
    last ``mislabelled`` test labels are off by one, so some test images are always wrong."""
    import struct

    from bpcore.mnist import MNIST_FILES

    rng = np.random.default_rng(0)
    arrays = {}
    for part, n in (("train", n_train), ("test", n_test)):
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 60, (n, 28, 28))
        for i, label in enumerate(labels):
            images[i, 2 * label + 3:2 * label + 6, 4:24] = 255
        if part == "test" and mislabelled:
            labels[-mislabelled:] = (labels[-mislabelled:] + 1) % 10
        arrays[(part, "images")], arrays[(part, "labels")] = images, labels
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in MNIST_FILES.items():
        a = arrays[key]
        header = bytes([0, 0, 8, a.ndim]) + struct.pack(f">{a.ndim}i", *a.shape)
        (folder / name).write_bytes(header + a.astype(np.uint8).tobytes())


def mnist_page(lang: str, choose: bool = False) -> AppTest:
    """The digits page on MNIST: chosen with the radio, or (quicker: the bundled digits are
    then never trained and drawn first) preset as the page's source."""
    if choose:
        at = open_page("digits", lang, timeout=120)
        at.radio(key=digits_state.DIGITS_SOURCE).set_value("mnist").run()
    else:
        at = open_page("digits", lang, timeout=120, preset={digits_state.DIGITS_SOURCE: "mnist"})
    assert not at.exception and at.radio(key=digits_state.DIGITS_SOURCE).value == "mnist"
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mnist_from_a_folder_trains_on_the_button_and_keeps_its_result(tmp_path, lang):
    write_small_mnist(tmp_path / "mnist")
    at = mnist_page(lang)
    assert [i.value for i in at.info] == [t("mnist.need_data", lang)]
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "mnist")).run()
    assert not at.exception and not at.error
    assert t("mnist.loaded", lang, train=300, test=100, rows=28, cols=28,
             source=t("mnist.from_folder", lang)) in [c.value for c in at.caption]
    # the seed's recipe is the default
    assert [float(field(at, k).value) for k in (
        digits_state.MNIST_HIDDEN, digits_state.MNIST_ETA, digits_state.MNIST_EPOCHS,
        digits_state.MNIST_BATCH)] == [
        128, 0.1, 20, 64]
    assert [i.value for i in at.info] == [t("mnist.press_train", lang)] and not at.metric
    field(at, digits_state.MNIST_EPOCHS).input("4").run()
    at.button(key=digits_state.MNIST_TRAIN).click().run()
    assert not at.exception
    assert at.metric[0].label == t("digits.test_accuracy", lang, n=100)
    assert float(at.metric[0].value.rstrip(" %")) >= 60.0  # chance is 10 %
    specs = figures(at)
    assert len(specs[0]["data"][0]["x"]) == 5  # epochs 0…4
    assert np.array(specs[1]["data"][0]["z"]).sum() == 100
    weights = specs[-3]
    assert weights["layout"]["title"]["text"] == t("digits.weights_some", lang, shown=64, n=128,
                                                   rows=28, cols=28)
    assert len(weights["layout"]["annotations"]) == 64
    for spec in specs:
        go.Figure(spec)
    # a display-only change keeps the result; a new setting asks for training again
    at.slider(key=digits_state.MNIST_PICK).set_value(7).run()
    assert at.metric and not at.info
    field(at, digits_state.MNIST_SEED).input("1").run()
    assert not at.metric and [i.value for i in at.info] == [t("mnist.stale", lang)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_mnist_folder_says_why_and_keeps_the_last_data(tmp_path, lang):
    at = mnist_page(lang)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "none")).run()
    assert not at.exception
    reason = t("mnist.reason.not_a_folder", lang)
    assert [e.value for e in at.error] == [t("mnist.not_loaded", lang, reason=reason)]
    write_small_mnist(tmp_path / "good", 40, 20)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "good")).run()
    assert not at.error
    bad = tmp_path / "bad"
    write_small_mnist(bad, 40, 20)
    (bad / "t10k-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x13" + b"\x01" * 19)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(bad)).run()
    assert not at.exception
    reason = t("mnist.refused", lang, file=r"t10k\-labels\-idx1\-ubyte",
               reason=t("mnist.reason.count", lang, images=20, labels=19))
    assert [e.value for e in at.error] == [t("mnist.kept", lang, reason=reason)]
    assert t("mnist.loaded", lang, train=40, test=20, rows=28, cols=28,
             source=t("mnist.from_folder", lang)) in [c.value for c in at.caption]
    assert "Traceback" not in str(at) and (lang == "en" or "images" not in at.error[0].value)


@pytest.fixture
def no_shared_results():
    """No result an earlier test made is served here, and none made here outlives the test."""
    shared.clear_all()
    yield
    shared.clear_all()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_diverged_run_is_reported_not_plotted(monkeypatch, no_shared_results, lang):
    from bpcore.sgd import Curves

    def diverging(network, *args, **kwargs):
        finite = np.array([2.3, 1.0, 0.8])
        return Curves(finite, finite, finite / 3, finite / 3, np.ones((2, 2)), diverged_at=3)

    # relu/softmax here never reaches a non-finite loss (a huge η kills the units instead),
    # so a run cut the way bpcore.sgd cuts one stands in for it.
    monkeypatch.setattr(jobs, "sgd", diverging)  # the training moved to tutor.serving.jobs
    at = open_page("digits", lang, timeout=120)
    assert not at.exception
    assert [e.value for e in at.error] == [t("digits.diverged", lang, epoch=3, eta="0.1")]
    assert not at.metric and len(at.get("plotly_chart")) == 1  # only the finite epochs


def test_every_refusal_code_is_translated():
    from bpcore.mnist import IdxError
    from tutor.i18n import STRINGS

    for code in IdxError.CODES:
        assert STRINGS[f"mnist.reason.{code}"]["en"] and STRINGS[f"mnist.reason.{code}"]["zh"]


def test_the_chosen_source_and_settings_survive_a_visit_to_another_page(tmp_path):
    write_small_mnist(tmp_path / "mnist")
    at = mnist_page("en", choose=True)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "mnist")).run()
    field(at, digits_state.MNIST_EPOCHS).input("3").run()
    at.switch_page("app_pages/forward.py").run()
    at.switch_page("app_pages/digits.py").run()
    assert not at.exception
    assert at.radio(key=digits_state.DIGITS_SOURCE).value == "mnist"
    assert float(field(at, digits_state.MNIST_EPOCHS).value) == 3
    assert at.text_input(key=digits_state.MNIST_FOLDER).value == str(tmp_path / "mnist")
    assert not at.warning


@pytest.mark.parametrize(("path", "code"), [
    ("/etc", "outside_root"),                  # outside the root: refused before any look
    ("{tmp}/" + "x" * 900, "bad_folder"),  # a name too long for the file system
    ("{tmp}/a\x00b", "bad_folder"),            # a NUL byte
])
def test_an_unusable_folder_is_refused_beside_the_field_on_every_visit(tmp_path, path, code):
    at = mnist_page("zh")
    at.text_input(key=digits_state.MNIST_FOLDER).input(path.format(tmp=tmp_path)).run()
    assert not at.exception
    reason = t(f"mnist.reason.{code}", "zh", root=plain(str(tmp_path)))
    assert [e.value for e in at.error] == [t("mnist.not_loaded", "zh", reason=reason)]
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/digits.py").run()
    assert not at.exception


def test_a_test_set_of_one_image_trains_and_shows_it_without_a_slider(tmp_path):
    write_small_mnist(tmp_path / "one", 50, 1)
    at = mnist_page("en")
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "one")).run()
    field(at, digits_state.MNIST_EPOCHS).input("1").run()
    at.button(key=digits_state.MNIST_TRAIN).click().run()
    assert not at.exception
    assert at.metric[0].label == t("digits.test_accuracy", "en", n=1)
    assert not [s for s in at.slider if s.key == digits_state.MNIST_PICK]


def test_sessions_on_the_same_files_share_one_copy_of_mnist(tmp_path):
    write_small_mnist(tmp_path / "a", 60, 20)
    write_small_mnist(tmp_path / "b", 60, 20)  # the same bytes in another folder
    before = shared.MNIST_SETS.computations
    sessions = [mnist_page(lang) for lang in ("en", "zh", "en")]
    for at, folder in zip(sessions, ("a", "a", "b"), strict=True):
        at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / folder)).run()
        assert not at.exception and not at.error
    data = [digits_state.MNIST_DATA.get(at.session_state).result for at in sessions]
    assert data[0] is data[1] is data[2]  # one copy, keyed by the files' content
    assert shared.MNIST_SETS.computations == before + 1
    assert not data[0].X_train.flags.writeable
    with pytest.raises(ValueError):
        data[0].X_train[0] = 0.0
    changed = tmp_path / "c"  # one pixel differs: other data
    write_small_mnist(changed, 60, 20)
    raw = bytearray((changed / "train-images-idx3-ubyte").read_bytes())
    raw[-1] ^= 0xFF
    (changed / "train-images-idx3-ubyte").write_bytes(bytes(raw))
    sessions[2].text_input(key=digits_state.MNIST_FOLDER).input(str(changed)).run()
    assert shared.MNIST_SETS.computations == before + 2
    assert digits_state.MNIST_DATA.get(sessions[2].session_state).result is not data[0]


def test_uploads_of_the_same_files_share_the_folders_copy(tmp_path):
    import io

    from tutor.serving.kept import exact_key

    write_small_mnist(tmp_path / "m", 30, 10)

    def upload(path: Path) -> io.BytesIO:
        f = io.BytesIO(path.read_bytes())
        f.name = path.name
        return f

    files = sorted((tmp_path / "m").iterdir())
    from_folder = shared.folder_files(str(tmp_path / "m"), tmp_path)
    uploaded = shared.upload_files([upload(p) for p in reversed(files)])  # in any order
    assert (from_folder.kind, uploaded.kind) == ("folder", "upload")
    assert exact_key(from_folder) == exact_key(uploaded)  # the same names and bytes
    before = shared.MNIST_SETS.computations
    assert shared.MNIST_SETS.get(from_folder) is shared.MNIST_SETS.get(uploaded)
    assert shared.MNIST_SETS.computations == before + 1
    renamed = [upload(p) for p in files]
    renamed[0].name = "mine.idx"  # a name decides which file is which: another key
    assert exact_key(shared.upload_files(renamed)) != exact_key(uploaded)
