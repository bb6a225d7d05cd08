import Mustache

// The models repeated once per job or run look their fields up by name here rather than through
// `Mirror`, which swift-mustache otherwise builds for every `{{name}}` (all fields, each time):
// at 700 jobs that made the dashboard's rendering the bulk of its cost. The names are the
// templates'; a field missing here renders empty, which the page tests would catch.

extension PageTime: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "absolute": absolute
        case "relative": relative
        case "iso": iso
        default: nil
        }
    }
}

extension StatusBadge: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "tone": tone
        default: nil
        }
    }
}

extension PageTile: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "tone": tone
        default: nil
        }
    }
}

extension DashboardCard: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "displayName": displayName
        case "hoverText": hoverText
        case "link": link
        case "status": status
        case "jobs": jobs
        case "searchText": searchText
        case "lastRunTime": lastRunTime
        case "severity": severity
        case "files": files
        case "size": size
        case "storage": storage
        case "lastAge": lastAge
        default: nil
        }
    }
}

extension DashboardCard.Job: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "link": link
        case "strip": strip
        case "age": age
        case "lastRun": lastRun
        case "isOverdue": isOverdue
        case "expected": expected
        case "figures": figures
        default: nil
        }
    }
}

extension DashboardRow: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "serverName": serverName
        case "serverNote": serverNote
        case "serverLink": serverLink
        case "backupName": backupName
        case "jobLink": jobLink
        case "isOverdue": isOverdue
        case "expected": expected
        case "versions": versions
        case "runs": runs
        case "lastRun": lastRun
        case "lastRunTime": lastRunTime
        case "status": status
        case "runLink": runLink
        case "duration": duration
        case "durationSeconds": durationSeconds
        case "warnings": warnings
        case "errors": errors
        case "searchText": searchText
        default: nil
        }
    }
}

extension SettingsPage.JobRow: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "server": server
        case "backupName": backupName
        case "searchText": searchText
        case "next": next
        case "isOverdue": isOverdue
        case "backupSettings": backupSettings
        case "weekdays": weekdays
        default: nil
        }
    }
}

extension SettingsPage.ServerJobs: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "jobs": jobs
        default: nil
        }
    }
}

extension SettingsPage.Endpoint: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "path": path
        case "available": available
        default: nil
        }
    }
}

extension SettingsPage.Labelled: MustacheParent {
    /// The field of a template's `{{name}}`.
    func child(named name: String) -> Any? {
        switch name {
        case "key": key
        case "label": label
        default: nil
        }
    }
}
