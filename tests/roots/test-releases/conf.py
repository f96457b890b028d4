extensions = ["sphinx_onestates"]
project = "releases"
show_warning_types = True  # warnings end in [onestates.<subtype>]: the default from Sphinx 8.0, not before
