extensions = ["sphinx_onestates"]
project = "parent cycles"
show_warning_types = True
