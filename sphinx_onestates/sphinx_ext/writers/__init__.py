"""Output per builder: HTML (inline SVG or PNG with an image map), LaTeX (vector PDF), and a
transition list for builders without images."""
