"""The sphinx-onestates example manual: every feature, built as HTML and as a PDF."""

project = "sphinx-onestates example manual"
author = "sphinx-onestates"
copyright = "2026, the sphinx-onestates authors"  # noqa: A001 (Sphinx setting)
version = release = "0.1"
extensions = ["myst_parser", "sphinx_onestates"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
numfig = True

try:
    import furo  # noqa: F401

    html_theme = "furo"
except ImportError:
    html_theme = "alabaster"
html_title = "sphinx-onestates example manual"

# A graph of this manual's own: a CI job's life cycle, registered under a name.
onestates_graphs = {
    "ci-job": "graphs/ci-job.dot",
    "coffee": "graphs/coffee.dot",  # written by pytransitions (libraries.rst)
    "task": "graphs/task.dot",  # written by python-statemachine (libraries.rst)
}

latex_engine = "pdflatex"
latex_documents = [("index", "onestates-example.tex", project, author, "manual")]
latex_elements = {"papersize": "a4paper", "pointsize": "10pt"}
man_pages = [("index", "onestates-example", project, [author], 7)]
