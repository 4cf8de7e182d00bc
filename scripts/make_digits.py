"""Write data/digits.npz: the UCI optical handwritten digits (8×8, 1,797 images).

Run once, by hand, with scikit-learn installed (`pip install scikit-learn`), which ships this
data set; the app itself never imports scikit-learn. Source and licence: data/DIGITS.md.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits


def main() -> None:
    digits = load_digits()
    out = Path(__file__).resolve().parents[1] / "data" / "digits.npz"
    np.savez_compressed(out, images=digits.images.astype(np.uint8),
                        labels=digits.target.astype(np.uint8))
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
