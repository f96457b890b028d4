"""Readable tables (issue 16): the tables a reader meets, built with each theme the browser test uses."""

project = "Tables"  # a short title: the PyData theme's navigation bar is wider than a phone for a long one
extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "door.dot", "long": "long.dot", "nounder": "nounder.dot"}
numfig = True
html_context = {"default_mode": "auto"}  # the PyData theme logs a console error without a mode
