// placeholder: the diff module has no sources yet
