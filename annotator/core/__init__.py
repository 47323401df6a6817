"""Qt-free core: the project model, anchoring, storage. Usable from scripts and the CLI."""
