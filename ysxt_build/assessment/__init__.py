"""Judge: the annual assessment scores and the accountability cases (plan 三、四).

Takes the dataset, the rubrics and a status report; hands on proposed scores with traced
deductions (:mod:`.scoring`) and cases by organisation (:mod:`.accountability`).
"""
