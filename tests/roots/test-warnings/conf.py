extensions = ["sphinx_onestates"]
show_warning_types = True
