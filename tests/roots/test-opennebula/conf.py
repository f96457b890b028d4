"""Issue 20: OpenNebula's state pages with the directives alone (row order, frames, short names, own words)."""

extensions = ["sphinx_onestates"]
show_warning_types = True
# vm-complete in this project's words: the built-in's facts, the catalogue's meanings
onestates_graphs = {"vm-complete": {"catalog": "vm-words.toml"}}
onestates_sort = "code"
