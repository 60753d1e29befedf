"""`harmoni periksa`: every check of the build without building, plus advice (captions, file
sizes, host limits). The build's own stages do the checking; this package only adds advice."""
