"""MNIST's IDX files: the reader and the loaders, on small files the tests write."""

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from bpcore import mnist as mnist_module
from bpcore.mnist import (
    MNIST_FILES,
    IdxError,
    load_mnist_folder,
    load_mnist_uploads,
    normalise_images,
    read_idx,
)


def idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_a_valid_idx_file_and_its_gzip():
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    assert np.array_equal(read_idx(idx(images)), images)
    assert np.array_equal(read_idx(gzip.compress(idx(images))), images)
    labels = np.array([7, 1, 9])
    assert np.array_equal(read_idx(idx(labels)), labels)


@pytest.mark.parametrize(("data", "code", "params"), [
    (idx(np.zeros((2, 3, 4)))[:-1], "length", {"need": 24, "holds": 23}),      # truncated
    (idx(np.zeros((2, 3, 4))) + b"\x00", "length", {"need": 24, "holds": 25}),  # too long
    (b"\x00\x00\x0d\x03" + idx(np.zeros((2, 3, 4)))[4:], "magic", {}),        # float type code
    (b"PK\x03\x04" + b"\x00" * 20, "magic", {}),                               # a zip, not IDX
    (bytes([0, 0, 8, 3]) + struct.pack(">3i", 60_000, 280, 280), "dims",          # huge claim
     {"dims": "60000 × 280 × 280"}),
    (bytes([0, 0, 8, 2]) + struct.pack(">2i", -1, 5), "dims", {"dims": "-1 × 5"}),
    (bytes([0, 0, 8, 3, 0, 0]), "cut_short", {}),
    (gzip.compress(idx(np.zeros((2, 3, 4))), mtime=0)[:-6], "gzip", {}),                 # damaged
])
def test_bad_idx_files_are_refused_before_allocating(data, code, params):
    with pytest.raises(IdxError) as err:
        read_idx(data)
    assert (err.value.field, err.value.code) == ("data", code) and code in IdxError.CODES
    assert err.value.params == params


def test_a_gzip_bomb_is_not_inflated_whole():
    bomb = gzip.compress(b"\x00" * 80_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(IdxError) as err:
        read_idx(bomb)
    assert err.value.code == "too_large"




def mnist_arrays(n_train: int = 30, n_test: int = 10, side: int = 28, seed: int = 0
                 ) -> dict[tuple[str, str], np.ndarray]:
    rng = np.random.default_rng(seed)
    return {("train", "images"): rng.integers(0, 256, (n_train, side, side)),
            ("train", "labels"): rng.integers(0, 10, n_train),
            ("test", "images"): rng.integers(0, 256, (n_test, side, side)),
            ("test", "labels"): rng.integers(0, 10, n_test)}


def write_mnist(folder, arrays, gz: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for key, name in MNIST_FILES.items():
        if key in arrays:
            raw = idx(arrays[key])
            (folder / (name + ".gz" if gz else name)).write_bytes(
                gzip.compress(raw) if gz else raw)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_loads_from_a_folder_normalised_as_the_seed_article(tmp_path, gz):
    arrays = mnist_arrays()
    write_mnist(tmp_path, arrays, gz=gz)
    mnist = load_mnist_folder(tmp_path)
    assert mnist.shape == (28, 28)
    assert mnist.X_train.shape == (30, 784) and mnist.X_test.shape == (10, 784)
    assert mnist.X_train.dtype == np.float32
    expected = (arrays[("train", "images")].reshape(30, -1) / 255 - 0.5) / 0.5
    np.testing.assert_allclose(mnist.X_train, expected, atol=1e-6)
    assert np.array_equal(mnist.y_test, arrays[("test", "labels")])
    extremes = normalise_images(np.array([[[0, 255]]], dtype=np.uint8))
    assert extremes.tolist() == [[-1.0, 1.0]]


def test_a_folder_missing_files_names_them(tmp_path):
    arrays = mnist_arrays()
    del arrays[("test", "labels")], arrays[("train", "images")]
    write_mnist(tmp_path, arrays)
    (tmp_path / "t10k-labels.csv").write_text("not looked at")
    with pytest.raises(IdxError, match="missing") as err:
        load_mnist_folder(tmp_path)
    assert err.value.code == "missing"
    assert err.value.params["files"] == "train-images-idx3-ubyte, t10k-labels-idx1-ubyte"
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path / "no such folder")
    assert err.value.code == "not_a_folder"


def test_an_oversized_file_is_refused_by_stat_before_it_is_read(tmp_path, monkeypatch):
    write_mnist(tmp_path, mnist_arrays())
    monkeypatch.setattr(mnist_module, "MAX_FILE_BYTES", 5_000)  # train images: 23,536 bytes
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path)
    assert err.value.code == "file_too_big" and err.value.params["size"] > 5_000
    assert err.value.field == "train-images-idx3-ubyte"
    assert err.value.params["file"] == "train-images-idx3-ubyte"
    assert "train-images-idx3-ubyte" not in read


@pytest.mark.parametrize(("change", "code", "file"), [
    ({("train", "labels"): np.zeros(29)}, "count", "train-labels-idx1-ubyte"),
    ({("test", "labels"): np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 10])}, "label_range",
     "t10k-labels-idx1-ubyte"),
    ({("train", "images"): np.zeros((30, 784))}, "images_ndim", "train-images-idx3-ubyte"),
    ({("test", "labels"): np.zeros((10, 1))}, "labels_ndim", "t10k-labels-idx1-ubyte"),
    ({("test", "images"): np.zeros((10, 20, 20))}, "image_size", None),
])
def test_mismatched_mnist_pairs_are_refused_with_a_code(tmp_path, change, code, file):
    write_mnist(tmp_path, {**mnist_arrays(), **change})
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path)
    assert err.value.code == code and code in IdxError.CODES
    assert err.value.params.get("file") == file


def test_a_file_with_the_wrong_magic_number_is_named(tmp_path):
    write_mnist(tmp_path, mnist_arrays())
    path = tmp_path / "t10k-images-idx3-ubyte"
    path.write_bytes(b"\x00\x00\x0d\x03" + path.read_bytes()[4:])
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path)
    assert err.value.code == "magic" and err.value.field == "t10k-images-idx3-ubyte"
    assert err.value.params["file"] == "t10k-images-idx3-ubyte"


def test_uploads_are_recognised_by_name_or_by_header():
    arrays = mnist_arrays()
    named = {name + ".gz": gzip.compress(idx(arrays[key])) for key, name in MNIST_FILES.items()}
    mnist = load_mnist_uploads(named)
    assert mnist.X_train.shape == (30, 784) and np.array_equal(mnist.y_train,
                                                               arrays[("train", "labels")])
    # No useful names: kind from the dimensions, train/test from the counts (larger = train).
    anonymous = {f"file{k}": idx(arrays[key]) for k, key in enumerate(reversed(MNIST_FILES))}
    again = load_mnist_uploads(anonymous)
    assert np.array_equal(again.X_train, mnist.X_train)
    assert np.array_equal(again.y_test, mnist.y_test)


def test_bad_uploads_are_refused_with_a_code():
    arrays = mnist_arrays()
    files = {name: idx(arrays[key]) for key, name in MNIST_FILES.items()}
    three = dict(list(files.items())[:3])
    with pytest.raises(IdxError) as err:
        load_mnist_uploads(three)
    assert err.value.code == "missing" and err.value.params["files"] == "t10k-labels-idx1-ubyte"
    with pytest.raises(IdxError) as err:
        load_mnist_uploads({**files, "train-images copy": files["train-images-idx3-ubyte"]})
    assert err.value.code == "duplicate"
    with pytest.raises(IdxError) as err:
        load_mnist_uploads(files, max_bytes=1_000)
    assert err.value.code == "file_too_big"
    with pytest.raises(IdxError) as err:
        load_mnist_uploads({**three, "t10k-labels-idx1-ubyte": b"PK\x03\x04"})
    assert err.value.code == "magic" and err.value.params["file"] == "t10k-labels-idx1-ubyte"


def test_a_damaged_gzip_stream_is_refused_not_raised_as_zlib_error():
    good = gzip.compress(idx(np.zeros((3, 4, 4))))
    broken = good[:10] + bytes(b ^ 0x5A for b in good[10:30]) + good[30:]
    with pytest.raises(IdxError) as err:
        read_idx(broken)
    assert err.value.code == "gzip"


def test_dimensions_whose_product_overflows_int64_are_refused():
    header = bytes([0, 0, 8, 3]) + struct.pack(">3i", 2**22, 2**21, 2**21)
    with pytest.raises(IdxError) as err:
        read_idx(header)
    assert err.value.code == "dims"


def test_a_folder_outside_the_root_is_refused_before_it_is_looked_at(tmp_path):
    write_mnist(tmp_path / "inside", mnist_arrays())
    assert load_mnist_folder(tmp_path / "inside", root=tmp_path).X_train.shape == (30, 784)
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path / "inside", root=tmp_path / "elsewhere")
    assert err.value.code == "outside_root"
    with pytest.raises(IdxError) as err:  # a way out of the root through ".."
        load_mnist_folder(tmp_path / "elsewhere" / ".." / "inside", root=tmp_path / "elsewhere")
    assert err.value.code == "outside_root"


@pytest.mark.parametrize("path", ["x" * 5000, "a\x00b"])
def test_an_unusable_path_is_refused_with_a_code(tmp_path, path):
    with pytest.raises(IdxError) as err:
        load_mnist_folder(tmp_path / path)
    assert err.value.code == "bad_folder"
    assert mnist_module.mnist_folder_signature(tmp_path / path) == ()


def test_two_uploads_with_the_same_name_are_refused_as_a_duplicate():
    arrays = mnist_arrays()
    pairs = [(name, idx(arrays[key])) for key, name in MNIST_FILES.items()]
    pairs.append(pairs[0])
    with pytest.raises(IdxError) as err:
        load_mnist_uploads(pairs)
    assert err.value.code == "duplicate"
    assert load_mnist_uploads(pairs[:4]).X_train.shape == (30, 784)


def test_an_idx_refusal_is_a_coded_error_whose_field_names_the_file():
    from bpcore.errors import CodedError

    err = IdxError("data", "magic").for_file("train-images-idx3-ubyte")
    assert isinstance(err, CodedError)
    assert (err.field, err.code, err.params) == ("train-images-idx3-ubyte", "magic",
                                                 {"file": "train-images-idx3-ubyte"})


# --- images bounded by what training them costs ---------------------------------------------
def giant_image_uploads(rows: int, cols: int, count: int = 1) -> list[tuple[str, bytes]]:
    """Four uploads whose images are ``count`` × rows × cols (gzipped: small to send)."""
    images = gzip.compress(bytes([0, 0, 8, 3]) + struct.pack(">3i", count, rows, cols)
                           + bytes(count * rows * cols), 1)
    labels = idx(np.zeros(count))
    return [("train-images-idx3-ubyte.gz", images), ("train-labels-idx1-ubyte", labels),
            ("t10k-images-idx3-ubyte.gz", images), ("t10k-labels-idx1-ubyte", labels)]


def test_images_of_one_row_of_47_million_pixels_are_refused_by_their_side():
    """The element count alone let 1 × 47,040,000 through: 3 GB of weights at 8 hidden units."""
    with pytest.raises(IdxError) as err:
        load_mnist_uploads(giant_image_uploads(1, 47_040_000))
    assert err.value.code == "image_side" and "image_side" in IdxError.CODES
    assert err.value.params == {"file": "train-images-idx3-ubyte", "rows": 1,
                                "cols": 47_040_000, "limit": mnist_module.MAX_IMAGE_SIDE}


@pytest.mark.parametrize(("rows", "cols", "code"), [
    (28, 28, None), (64, 64, None), (16, 16, None), (65, 64, "image_side"),
    (64, 65, "image_side"), (1000, 1, "image_side")])
def test_image_sides_up_to_the_stated_maximum_load(rows, cols, code):
    uploads = giant_image_uploads(rows, cols, count=2)
    if code is None:
        assert load_mnist_uploads(uploads).shape == (rows, cols)
    else:
        with pytest.raises(IdxError) as err:
            load_mnist_uploads(uploads)
        assert err.value.code == code
