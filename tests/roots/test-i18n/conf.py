extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "door.dot"}
locale_dirs = ["locale"]  # the project's translations: locale/de/LC_MESSAGES/index.po
show_warning_types = True
