"""MNIST's arrays shared on disk (tutor.serving.mapped): keyed by content, memory-mapped, bounded,
and
the same training, bit for bit, as from the arrays in memory."""

from __future__ import annotations

import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from bpcore.mnist import MNIST_FILES, IdxError, Mnist, load_mnist_folder
from tutor.serving import jobs, mapped, shared


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Entries go to this test's own folder (BPTUTOR_DATA_DIR), folders are read inside it."""
    monkeypatch.setenv(mapped.DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv("BPTUTOR_DATA_ROOT", str(tmp_path))
    return tmp_path / "data" / "arrays"


def write_folder(folder: Path, seed: int = 0, n_train: int = 200, n_test: int = 50) -> None:
    """The four standard IDX files, uncompressed: random 28×28 images whose bright bar's
    height says the label (so a network learns something)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for part, n in (("train", n_train), ("test", n_test)):
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 60, (n, 28, 28))
        for i, label in enumerate(labels):
            images[i, 2 * label + 3:2 * label + 6, 4:24] = 255
        for kind, a in (("images", images), ("labels", labels)):
            header = bytes([0, 0, 8, a.ndim]) + struct.pack(f">{a.ndim}i", *a.shape)
            (folder / MNIST_FILES[(part, kind)]).write_bytes(header + a.astype(np.uint8).tobytes())


def counted(folder: Path, root: Path) -> tuple[shared.MnistFiles, list[int]]:
    """The folder's files by content, and a list that grows by one each time they are read."""
    files = shared.folder_files(str(folder), root)
    reads: list[int] = []

    def read() -> Mnist:
        reads.append(1)
        return files.read()

    return shared.MnistFiles(files.digests, files.kind, read, files.source), reads


def same_arrays(a: Mnist, b: Mnist) -> bool:
    return a.shape == b.shape and all(
        x.dtype == y.dtype and np.array_equal(x, y)
        for x, y in ((a.X_train, b.X_train), (a.y_train, b.y_train), (a.X_test, b.X_test),
                     (a.y_test, b.y_test)))


def entries(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_the_arrays_are_bpcores_memory_mapped_read_only_and_read_once(tmp_path, data_dir):
    write_folder(tmp_path / "a")
    files, reads = counted(tmp_path / "a", tmp_path)
    first = mapped.mapped_mnist(files.digests, files.read)
    again = mapped.mapped_mnist(files.digests, files.read)
    assert reads == [1]  # the second asks the disk, not the files
    assert entries(data_dir) == [mapped.entry_name(files.digests)]
    in_memory = load_mnist_folder(tmp_path / "a")
    for data in (first, again):
        assert same_arrays(data, in_memory)
        for array in (data.X_train, data.y_train, data.X_test, data.y_test):
            assert isinstance(array, np.memmap) and not array.flags.writeable
        assert data.X_train.dtype == np.float32
    with pytest.raises(ValueError):
        first.X_train[0, 0] = 1.0  # no process can change what the others map


def test_two_different_files_never_share_an_entry(tmp_path, data_dir):
    write_folder(tmp_path / "a", seed=0)
    write_folder(tmp_path / "b", seed=1)
    a, _ = counted(tmp_path / "a", tmp_path)
    b, _ = counted(tmp_path / "b", tmp_path)
    assert a.digests != b.digests
    assert mapped.entry_name(a.digests) != mapped.entry_name(b.digests)
    data_a = mapped.mapped_mnist(a.digests, a.read)
    data_b = mapped.mapped_mnist(b.digests, b.read)
    assert len(entries(data_dir)) == 2
    assert same_arrays(data_a, load_mnist_folder(tmp_path / "a"))
    assert same_arrays(data_b, load_mnist_folder(tmp_path / "b"))
    assert not np.array_equal(data_a.X_train, data_b.X_train)


def test_a_file_that_changes_gets_a_new_entry_and_the_same_content_the_same(tmp_path, data_dir):
    write_folder(tmp_path / "a")
    before, _ = counted(tmp_path / "a", tmp_path)
    old = mapped.mapped_mnist(before.digests, before.read)
    labels = tmp_path / "a" / MNIST_FILES[("test", "labels")]
    raw = bytearray(labels.read_bytes())
    raw[-1] = (raw[-1] + 1) % 10  # one label changed, same size
    labels.write_bytes(bytes(raw))
    after, reads = counted(tmp_path / "a", tmp_path)
    assert after.digests != before.digests
    new = mapped.mapped_mnist(after.digests, after.read)
    assert reads == [1] and len(entries(data_dir)) == 2
    assert new.y_test[-1] == (old.y_test[-1] + 1) % 10
    assert same_arrays(new, load_mnist_folder(tmp_path / "a"))
    # a copy of the same files elsewhere is the same content: the same entry, not read again
    write_folder(tmp_path / "copy")
    (tmp_path / "copy" / labels.name).write_bytes(bytes(raw))
    copy, copy_reads = counted(tmp_path / "copy", tmp_path)
    assert copy.digests == after.digests
    assert same_arrays(mapped.mapped_mnist(copy.digests, copy.read), new)
    assert copy_reads == [] and len(entries(data_dir)) == 2


def test_training_from_the_mapped_arrays_is_bit_identical_to_training_in_memory(tmp_path):
    write_folder(tmp_path / "a")
    settings = (16, 0.1, 3, 32, 7)  # hidden, η, epochs, batch, seed
    folder_source = ("folder", str(tmp_path / "a"), str(tmp_path))
    files = shared.folder_files(str(tmp_path / "a"), tmp_path)
    d = load_mnist_folder(tmp_path / "a")
    in_memory = jobs.digits_training((d.X_train, d.y_train, d.X_test, d.y_test), settings, 0.01,
                                     lambda _: None)
    m = mapped.mapped_mnist(files.digests, files.read)
    assert isinstance(m.X_train, np.memmap)
    from_map = jobs.digits_training((m.X_train, m.y_train, m.X_test, m.y_test), settings, 0.01,
                                    lambda _: None)
    # the worker's job, from the mapped source and from the folder as before
    worker = jobs.mnist_training((("mapped", files.digests, folder_source), settings),
                                 lambda _: None)
    before = jobs.mnist_training((folder_source, settings), lambda _: None)
    for network, curves in (from_map, worker, before):
        for W, W0 in zip(network.weights + network.biases,
                         in_memory[0].weights + in_memory[0].biases, strict=True):
            assert W.dtype == W0.dtype == np.float32 and W.tobytes() == W0.tobytes()
        for name in ("train_loss", "test_loss", "train_accuracy", "test_accuracy",
                     "grad_norms"):
            assert getattr(curves, name).tobytes() == getattr(in_memory[1], name).tobytes()
        assert curves.diverged_at == in_memory[1].diverged_at
    assert not m.X_train.flags.writeable and np.array_equal(m.X_train, d.X_train)


def test_a_damaged_entry_is_written_again(tmp_path, data_dir):
    write_folder(tmp_path / "a")
    files, reads = counted(tmp_path / "a", tmp_path)
    mapped.mapped_mnist(files.digests, files.read)
    x = data_dir / mapped.entry_name(files.digests) / "X_train.npy"
    x.write_bytes(x.read_bytes()[:1000])  # cut short
    data = mapped.mapped_mnist(files.digests, files.read)
    assert reads == [1, 1]
    assert same_arrays(data, load_mnist_folder(tmp_path / "a"))


def test_a_refusal_writes_nothing_and_unhashed_files_stay_in_memory(tmp_path, data_dir):
    def refused() -> Mnist:
        raise IdxError("folder", "missing", files="x")

    digests = (("t10k-images-idx3-ubyte", "a" * 64),)
    with pytest.raises(IdxError):
        mapped.mapped_mnist(digests, refused)
    assert not data_dir.exists() or entries(data_dir) == []
    write_folder(tmp_path / "a")
    marked = (("train-images-idx3-ubyte", "unreadable"),)  # not a digest: never on disk
    data = mapped.mapped_mnist(marked, lambda: load_mnist_folder(tmp_path / "a"))
    assert not isinstance(data.X_train, np.memmap)
    assert not data_dir.exists() or entries(data_dir) == []


def test_the_folder_keeps_the_most_recently_used_entries_and_cleans_up(tmp_path, data_dir):
    sets = []
    for seed in range(3):
        write_folder(tmp_path / f"s{seed}", seed=seed, n_train=20, n_test=10)
        sets.append(counted(tmp_path / f"s{seed}", tmp_path)[0])
    mapped.mapped_mnist(sets[0].digests, sets[0].read, keep=2)
    time.sleep(0.02)
    mapped.mapped_mnist(sets[1].digests, sets[1].read, keep=2)
    time.sleep(0.02)
    mapped.mapped_mnist(sets[0].digests, sets[0].read, keep=2)  # used again: newest
    time.sleep(0.02)
    held = mapped.mapped_mnist(sets[2].digests, sets[2].read, keep=2)
    assert entries(data_dir) == sorted(mapped.entry_name(s.digests) for s in (sets[0], sets[2]))
    assert held.X_train.shape == (20, 784)
    stale = data_dir / ".tmp-dead-writer"
    stale.mkdir()
    assert mapped.prune(data_dir, keep=2) == []  # young: a writer may still be at work
    removed = mapped.prune(data_dir, keep=2, now=time.time() + mapped.STALE_SECONDS + 1)
    assert removed == [stale.name] and not stale.exists()


def test_processes_asking_at_once_wait_for_one_conversion(tmp_path, data_dir):
    write_folder(tmp_path / "a")
    files, reads = counted(tmp_path / "a", tmp_path)

    def slow() -> Mnist:
        time.sleep(0.3)
        return files.read()

    results: list[Mnist] = []
    threads = [threading.Thread(target=lambda: results.append(
        mapped.mapped_mnist(files.digests, slow))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert reads == [1] and len(results) == 3
    assert all(same_arrays(r, results[0]) for r in results)


def test_the_cache_folder_follows_the_data_dir_else_the_temp_dir(tmp_path, monkeypatch):
    assert mapped.cache_root() == tmp_path / "data" / "arrays"
    monkeypatch.delenv(mapped.DIR_ENV)
    assert mapped.cache_root().name.startswith("bptutor-arrays-")
