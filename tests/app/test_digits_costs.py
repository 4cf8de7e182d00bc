"""The digits page's uploads and runs bounded by what they cost (issue 20): giant images
refused with a reason, every run checked against its budget beforehand, an upload's bytes
never sent to a worker, and a session's uploads replaced rather than accumulated."""

from __future__ import annotations

import gzip
import pickle
import struct
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

from bpcore.cost import sgd_cost
from bpcore.errors import CodedError
from bpcore.mnist import MAX_IMAGE_SIDE, MNIST_FILES, IdxError
from tests.app.apptest import field, open_page
from tests.app.test_digits_page import mnist_page, write_small_mnist
from tutor.digits import state as digits_state
from tutor.i18n import LANGUAGES, t
from tutor.serving import jobs, mapped, shared, uploads
from tutor.ui.reasons import reason


@pytest.fixture(autouse=True)
def data_root(tmp_path, monkeypatch):
    """Folders inside the page's data root; mapped arrays in a folder of this test's own."""
    monkeypatch.setenv("BPTUTOR_DATA_ROOT", str(tmp_path))
    monkeypatch.setenv(mapped.DIR_ENV, str(tmp_path / "data"))
    shared.clear_all()
    yield
    shared.clear_all()


def write_giant_images(folder: Path, rows: int, cols: int) -> None:
    """MNIST's four files whose images are one image of rows × cols (gzipped: 46 kB)."""
    folder.mkdir(parents=True, exist_ok=True)
    images = bytes([0, 0, 8, 3]) + struct.pack(">3i", 1, rows, cols) + bytes(rows * cols)
    labels = bytes([0, 0, 8, 1]) + struct.pack(">i", 1) + bytes(1)
    for (_, kind), name in MNIST_FILES.items():
        data = images if kind == "images" else labels
        (folder / f"{name}.gz").write_bytes(gzip.compress(data, 1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_images_of_1_by_47_million_pixels_are_refused_beside_the_field(tmp_path, lang):
    write_giant_images(tmp_path / "giant", 1, 47_040_000)
    at = mnist_page(lang)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "giant")).run()
    assert not at.exception
    err = IdxError("train-images-idx3-ubyte", "image_side", file="train-images-idx3-ubyte",
                   rows=1, cols=47_040_000, limit=MAX_IMAGE_SIDE)
    said = t("mnist.not_loaded", lang, reason=reason(err, lang))
    assert [e.value for e in at.error] == [said]
    assert "47,040,000" in said and str(MAX_IMAGE_SIDE) in said
    assert digits_state.MNIST_DATA.get(at.session_state) is None  # nothing in use, nothing trained


def test_a_run_over_its_budget_is_refused_before_it_is_sent(tmp_path, monkeypatch):
    write_small_mnist(tmp_path / "mnist")
    at = mnist_page("en")
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "mnist")).run()
    monkeypatch.setattr(jobs, "TRAIN_SECONDS", 1e-6)  # any run is over this budget
    at.run()
    assert not at.exception
    cost = sgd_cost((784, 128, 10), 300, 100, 20, 64, 4)
    refusal = [e.value for e in at.error]
    assert len(refusal) == 1 and refusal[0].startswith("This run would take about")
    assert f"{cost.updates:,}" in refusal[0]
    assert not at.get("button") or digits_state.MNIST_TRAIN not in [b.key for b in at.button]
    assert digits_state.MNIST_RESULT.get(at.session_state) is None


def test_the_automatic_runs_are_checked_against_their_budget_too():
    """The bundled subset at 256 hidden units, 60 epochs of batch 2: 120,000 updates."""
    hidden, _, epochs, batch, _ = digits_state.SUBSET_KEYS
    at = open_page("digits", "zh", timeout=120, preset={
        digits_state.DIGITS_SOURCE: "subset", hidden: 256, epochs: 60, batch: 2})
    assert not at.exception
    assert [float(field(at, k).value) for k in (hidden, epochs, batch)] == [256, 60, 2]
    assert [e.value for e in at.error if "这次训练大约需要" in e.value]
    assert digits_state.SUBSET_RESULT.get(at.session_state) is None  # never trained


def test_the_worker_trains_on_a_budget_and_refuses_a_giant_network_before_any_weight():
    X = np.broadcast_to(np.float32(0), (2, 47_040_000))  # no memory: never multiplied
    y = np.zeros(2, int)
    with pytest.raises(CodedError) as err:
        jobs.digits_training((X, y, X, y), (8, 0.1, 1, 64, 0), 0.01, lambda _: None)
    assert err.value.code == "memory"
    assert "MB" in reason(err.value, "en") and "MB" in reason(err.value, "zh")


# --- uploads: by their mapped copy, bounded per session ----------------------------------
def uploaded(name: str, data: bytes) -> UploadedFile:
    return UploadedFile(UploadedFileRec(str(uuid.uuid4()), name, "application/gzip", data),
                        None)


def small_mnist_uploads(folder: Path) -> list[UploadedFile]:
    write_small_mnist(folder)
    return [uploaded(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


class Recorder:
    """A pool that runs in-process and keeps what each run was sent."""

    def __init__(self) -> None:
        self.args: list[Any] = []
        self.runs = 0

    def run(self, fn: Any, arg: Any, progress: Any, **kwargs: Any) -> Any:
        self.args.append(arg)
        return fn(arg, progress)


def test_a_worker_is_sent_an_uploads_digests_never_its_bytes(tmp_path, monkeypatch):
    files = shared.upload_files(small_mnist_uploads(tmp_path / "up"))
    data = shared.MNIST_SETS.get(files)
    pool = Recorder()
    monkeypatch.setattr(shared, "POOL", pool)
    settings = (16, 0.1, 2, 64, 0)
    run = shared.mnist_run(shared.MnistRun(files, settings, data), lambda _: None)
    (source, sent_settings), = pool.args
    assert source == ("mapped", files.digests, None) and sent_settings == settings
    assert len(pickle.dumps(pool.args[0])) < 2_000  # the digests, not 250 kB of files
    # the same training as from the arrays in memory
    here = jobs.digits_training((data.X_train, data.y_train, data.X_test, data.y_test),
                                settings, 0.01, lambda _: None, jobs.TRAIN_SECONDS)
    for w, v in zip(run.network.weights, here[0].weights, strict=True):
        assert w.tobytes() == v.tobytes()


def test_a_worker_whose_mapped_copy_has_gone_asks_for_the_files_again(tmp_path):
    files = shared.upload_files(small_mnist_uploads(tmp_path / "up"))
    with pytest.raises(IdxError) as err:  # never converted in this data folder
        jobs.mnist_arrays(("mapped", files.digests, None))
    assert err.value.code == "gone"
    assert "again" in reason(err.value, "en") and "重新提供" in reason(err.value, "zh")


class Store:
    """A session's files in Streamlit's own upload store, and the uploader's value."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.manager = MemoryUploadedFileManager("/_stcore/upload_file")
        self.session: dict[str, Any] = {}
        monkeypatch.setattr(uploads, "_store", lambda: (self.manager, "session"))

    def add(self, name: str, size: int) -> None:
        """The browser sends one file (the uploader lists it from the next run)."""
        self.manager.add_file("session", UploadedFileRec(str(uuid.uuid4()), name, "", b"\0"
                                                         * size))

    def value(self) -> list[UploadedFile]:
        """What st.file_uploader returns: the session's files still in the store."""
        held = self.manager.file_storage.get("session") or {}
        return [UploadedFile(r, None) for r in held.values()]

    def held_bytes(self) -> int:
        return sum(len(r.data) for r in (self.manager.file_storage.get("session") or {})
                   .values())


def test_uploading_set_after_set_replaces_and_never_accumulates(monkeypatch):
    store = Store(monkeypatch)
    for round_ in range(6):  # a session adds four more files again and again
        for name in MNIST_FILES.values():
            store.add(f"{round_}-{name}", 3_000_000)
        used, refused = uploads.bounded(store.value(), store.session, "ids")
        assert refused is None
        assert [f.name for f in used] == [f"{round_}-{n}" for n in MNIST_FILES.values()]
        assert len(store.value()) == 4 and store.held_bytes() == 12_000_000


def test_a_fourth_file_added_to_three_is_kept_with_them(monkeypatch):
    store = Store(monkeypatch)
    names = list(MNIST_FILES.values())
    for name in names[:3]:
        store.add(name, 1000)
    assert len(uploads.bounded(store.value(), store.session, "ids")[0]) == 3
    store.add(names[3], 1000)
    used, refused = uploads.bounded(store.value(), store.session, "ids")
    assert refused is None and sorted(f.name for f in used) == sorted(names)


@pytest.mark.parametrize(("count", "size", "code"), [
    (9, 1000, "too_many_files"), (3, 40_000_000, "too_many_bytes")])
def test_too_many_files_or_bytes_are_refused_and_let_go(monkeypatch, count, size, code):
    store = Store(monkeypatch)
    for k in range(count):
        store.add(f"file-{k}", size)
    used, refused = uploads.bounded(store.value(), store.session, "ids")
    assert used == [] and refused is not None and refused.code == code
    assert store.value() == [] and store.held_bytes() == 0  # nothing over the bounds kept
    for lang in ("en", "zh"):
        assert reason(refused, lang) != t("reason.unknown", lang, field="uploads", code=code)


def test_files_no_uploader_lists_are_swept_when_the_store_is_over_its_bounds(monkeypatch):
    store = Store(monkeypatch)
    for k in range(12):  # sent straight to the upload endpoint, 8 MB each
        store.add(f"stray-{k}", 8_000_000)
    for name in MNIST_FILES.values():
        store.add(name, 1000)
    listed = store.value()[-4:]  # the uploader lists only the four
    used, refused = uploads.bounded(listed, store.session, "ids")
    assert refused is None and len(used) == 4
    assert sorted(f.name for f in store.value()) == sorted(MNIST_FILES.values())


def test_a_refused_upload_is_said_beside_the_uploader(monkeypatch):
    """The page's uploader bounded (AppTest cannot upload: the refusal is placed as the
    bound would place it, and the page says it in the learner's language)."""
    at = mnist_page("zh")
    err = IdxError("uploads", "too_many_files", count=9, limit=4)
    at.session_state[digits_state.MNIST_ATTEMPTS] = {"upload": (("refused", ()), err)}
    at.run()
    assert [e.value for e in at.error] == [t("mnist.not_loaded", "zh",
                                             reason=reason(err, "zh"))]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_refusal_from_the_worker_is_said_on_the_page_not_raised(tmp_path, monkeypatch,
                                                                   lang):
    write_small_mnist(tmp_path / "mnist")
    at = mnist_page(lang)
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "mnist")).run()

    def gone(job: Any, progress: Any) -> Any:
        raise IdxError("uploads", "gone")

    monkeypatch.setattr(jobs, "mnist_training", gone)
    at.button(key=digits_state.MNIST_TRAIN).click().run()
    assert not at.exception
    assert reason(IdxError("uploads", "gone"), lang) in [e.value for e in at.error]
    assert digits_state.MNIST_RESULT.get(at.session_state) is None


def test_another_set_in_use_lets_go_of_the_old_sets_run(tmp_path):
    """The session's last hold on an old set (its trained run's inputs) goes with it; the
    server's cache still has the run."""
    write_small_mnist(tmp_path / "a", n_train=200, n_test=50)
    write_small_mnist(tmp_path / "b", n_train=150, n_test=50)
    at = mnist_page("en")
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "a")).run()
    field(at, digits_state.MNIST_EPOCHS).input("2").run()
    at.button(key=digits_state.MNIST_TRAIN).click().run()
    assert not at.exception and digits_state.MNIST_RESULT.get(at.session_state) is not None
    at.text_input(key=digits_state.MNIST_FOLDER).input(str(tmp_path / "b")).run()
    assert not at.exception
    assert digits_state.MNIST_RESULT.get(at.session_state) is None
    assert t("mnist.press_train", "en") in [i.value for i in at.info]
    assert len(shared.MNIST_RUNS) == 1  # still on the server
