extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "graphs/door.dot", "hostile": "graphs/hostile.dot"}
project = "robustness"
