"""The work: crawl and classify as materializable assets, a job, schedules and a sensor."""
