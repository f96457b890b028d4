extensions = ["sphinx_onestates"]
