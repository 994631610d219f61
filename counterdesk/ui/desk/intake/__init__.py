"""The intake form's parts, one job each; ``counterdesk.ui.desk.intake_form.IntakeForm`` assembles them."""
