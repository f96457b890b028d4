"""The pure core: the state-machine model and what is computed from it (selection, views, tables,
checks, catalogues, options). Imports neither Sphinx, docutils nor pydot, and runs no program."""
