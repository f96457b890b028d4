extensions = ["sphinx_onestates"]
onestates_graphs = {"door": "graphs/door.dot"}
numfig = True
project = "directive tests"
