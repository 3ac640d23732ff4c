print("pos-terminal: under construction")
