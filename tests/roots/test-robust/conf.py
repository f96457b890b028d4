extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "graphs/door.dot", "hostile": "graphs/hostile.dot"}
project = "robustness"
show_warning_types = True  # warnings end in [onestates.<subtype>]: the default from Sphinx 8.0, not before
