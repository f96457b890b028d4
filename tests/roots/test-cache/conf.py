extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "door.dot"}
