// The `allot` command line. Subcommands are added as the server grows.
print("allot: no commands yet")
