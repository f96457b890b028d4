extensions = ["myst_parser", "sphinx_onestates"]
onestates_graphs = {"door": "door.dot"}
numfig = True
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
