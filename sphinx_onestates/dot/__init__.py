"""The DOT layer: reading DOT text into the model, writing a view as DOT, running Graphviz.
Imports neither Sphinx nor docutils."""
