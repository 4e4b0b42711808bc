// Cold start (info): an empty ES module, to tell the ESM loader's own start from what the modules cost.
