extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "graphs/door.dot"}
numfig = True
project = "directive tests"
show_warning_types = True  # warnings end in [onestates.<subtype>]: the default from Sphinx 8.0, not before
