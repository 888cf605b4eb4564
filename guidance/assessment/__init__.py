"""One procurement: questionnaire, answers (URL and file), verdict, sizing, condition draft, action plan."""
