// placeholder: the workflow module has no sources yet
