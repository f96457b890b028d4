extensions = ["sphinx_onestates"]
project = "hostile xml"
show_warning_types = True
