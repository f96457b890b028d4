extensions = ["sphinx_onestates"]
latex_documents = [("index", "print.tex", "Print", "Tests", "manual")]
