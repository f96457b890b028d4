extensions = ["myst_parser", "sphinx_onestates"]
onestates_graphs = {"door": "door.dot"}
numfig = True
project = "hardening"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
show_warning_types = True  # warnings end in [onestates.<subtype>]: the default from Sphinx 8.0, not before
