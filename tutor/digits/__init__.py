"""The handwritten-digits page: its settings, data sources (8×8 UCI, the bundled MNIST subset,
full MNIST) and what it draws."""
