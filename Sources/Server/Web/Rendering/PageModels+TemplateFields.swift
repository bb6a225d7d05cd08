// The models repeated once per job or run look their fields up by name here rather than through
// `Mirror`, which the renderer otherwise builds for every `{{name}}` (all fields, each time):
// at 700 jobs that made the dashboard's rendering the bulk of its cost. The names are the
// templates'; a field missing here renders empty, which the page tests would catch.

extension PageTime: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "absolute": absolute
        case "day": String(day)
        case "clock": String(clock)
        case "relative": relative
        case "iso": iso
        default: nil
        }
    }
}

extension StatusBadge: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "label": label
        case "tone": tone
        case "rank": rank
        default: nil
        }
    }
}

extension PageTile: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "tone": tone
        default: nil
        }
    }
}

extension DashboardCard: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
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

extension DashboardCard.Job: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
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

extension DashboardRow: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "serverName": serverName
        case "serverNote": serverNote
        case "serverLink": serverLink
        case "job": job
        case "searchText": searchText
        default: nil
        }
    }
}

extension DashboardRow.Job: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
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
        default: nil
        }
    }
}

extension SettingsPage.JobRow: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "key": key
        case "server": server
        case "backupName": backupName
        case "searchText": searchText
        case "next": next
        case "tone": tone
        case "note": note
        default: nil
        }
    }
}

extension SettingsPage.ServerJobs: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "jobs": jobs
        default: nil
        }
    }
}

extension SettingsPage.Endpoint: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "path": path
        case "available": available
        default: nil
        }
    }
}

extension SettingsPage.Labelled: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "key": key
        case "label": label
        default: nil
        }
    }
}

extension SettingsPage.ServerRow: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "alias": alias
        case "note": note
        case "serverUrl": serverUrl
        case "updateAPI": updateAPI
        case "link": link
        case "hasServerURL": hasServerURL
        case "hasPassword": hasPassword
        case "collectAPI": collectAPI
        case "passwordAPI": passwordAPI
        case "testConnectionAPI": testConnectionAPI
        default: nil
        }
    }
}

extension DashboardPanel.Entry: TemplateFields {
    /// The field of a template's `{{name}}`.
    func field(named name: String) -> Any? {
        switch name {
        case "server": server
        case "backupName": backupName
        case "link": link
        case "detail": detail
        case "tone": tone
        default: nil
        }
    }
}
