// placeholder: the rest module has no sources yet
