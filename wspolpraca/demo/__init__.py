"""Demo and scale data: the `seed_demo` and `seed_scale` commands and the builders they drive."""
