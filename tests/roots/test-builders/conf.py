extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "door.dot"}
project = "builders"
numfig = True
show_warning_types = True  # warnings end in [onestates.<subtype>]: the default from Sphinx 8.0, not before
latex_documents = [("index", "builders.tex", "Builders", "sphinx-onestates", "manual")]
