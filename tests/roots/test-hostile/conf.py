extensions = ["sphinx_onestates", "myst_parser"]
show_warning_types = True
numfig = True
