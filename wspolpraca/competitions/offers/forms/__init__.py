"""Forms of the offers stage: the editor's sections (`sections`, `section_fields`), the editor's
ordinary forms (`editor`), the officers' pages (`panel`) and the withdrawal (`submission`)."""
