/// Random worker and task attributes and the conditions over them, from a
/// small vocabulary so that conditions often match.
enum ScenarioDocuments {
    static let skills = ["a", "b", "c"]
    static let languages = ["en", "fr", "es"]
    static let teams = ["red", "blue"]
    static let taskTypes = ["sales", "support", "billing"]
    static let tags = ["vip", "new"]

    /// Draws worker attributes. Now and then a key has the wrong shape (a
    /// string where conditions expect an array, or the reverse), and such a
    /// key must match nothing rather than be treated as its element.
    static func randomWorker(_ random: inout ScenarioRandom) -> ReferenceAttributes {
        var document = ReferenceAttributes()
        if random.chance(0.85) {
            if random.chance(0.1) {
                document.members.append(("skills", .string(random.element(skills))))
            } else {
                document.members.append(("skills", .strings(random.subset(skills))))
            }
        }
        if random.chance(0.8) {
            if random.chance(0.1) {
                document.members.append(("language", .strings([random.element(languages)])))
            } else {
                document.members.append(("language", .string(random.element(languages))))
            }
        }
        if random.chance(0.7) { document.members.append(("languages", .strings(random.subset(languages)))) }
        if random.chance(0.7) { document.members.append(("level", .number(random.int(1...3)))) }
        if random.chance(0.6) { document.members.append(("team", .string(random.element(teams)))) }
        return document
    }

    static func randomTask(_ random: inout ScenarioRandom) -> ReferenceAttributes {
        var document = ReferenceAttributes()
        if random.chance(0.9) { document.members.append(("type", .string(random.element(taskTypes)))) }
        if random.chance(0.85) {
            if random.chance(0.08) {
                document.members.append(("lang", .strings([random.element(languages)])))
            } else {
                document.members.append(("lang", .string(random.element(languages))))
            }
        }
        if random.chance(0.7) { document.members.append(("skill", .string(random.element(skills)))) }
        if random.chance(0.5) { document.members.append(("tags", .strings(random.subset(tags)))) }
        if random.chance(0.5) { document.members.append(("team", .string(random.element(teams)))) }
        return document
    }

    static func randomWorkerCondition(_ random: inout ScenarioRandom, depth: Int = 0) -> DocumentCondition {
        if depth == 0 && random.chance(0.25) {
            let left = randomWorkerCondition(&random, depth: 1)
            let right = randomWorkerCondition(&random, depth: 1)
            return random.chance(0.5) ? .and(left, right) : .or(left, right)
        }
        switch random.int(0...5) {
        case 0: return .always
        case 1: return .has("skills", random.element(skills))
        case 2: return .equals("language", random.element(languages))
        case 3: return .isIn("language", random.subset(languages, minimum: 1))
        case 4: return .equalsNumber("level", random.int(1...3))
        default: return .equals("team", random.element(teams))
        }
    }

    static func randomTaskCondition(_ random: inout ScenarioRandom, depth: Int = 0) -> DocumentCondition {
        if depth == 0 && random.chance(0.2) {
            let left = randomTaskCondition(&random, depth: 1)
            let right = randomTaskCondition(&random, depth: 1)
            return random.chance(0.5) ? .and(left, right) : .or(left, right)
        }
        switch random.int(0...4) {
        case 0: return .always
        case 1, 2: return .equals("type", random.element(taskTypes))
        case 3: return .isIn("lang", random.subset(languages, minimum: 1))
        default: return .has("tags", random.element(tags))
        }
    }

    static func randomTargetCondition(_ random: inout ScenarioRandom, depth: Int = 0) -> TargetCondition {
        if depth == 0 && random.chance(0.2) {
            let left = randomTargetCondition(&random, depth: 1)
            let right = randomTargetCondition(&random, depth: 1)
            return random.chance(0.5) ? .and(left, right) : .or(left, right)
        }
        switch random.int(0...6) {
        case 0: return depth == 0 ? .never : .channelIdle("voice")
        case 1: return .taskValueInWorkerList(task: "lang", worker: "languages")
        case 2: return .workerListHasTaskValue(worker: "skills", task: "skill")
        case 3: return .taskEqualsWorker(task: "lang", worker: "language")
        case 4: return .taskEqualsWorker(task: "team", worker: "team")
        case 5: return .workerEquals("team", random.element(teams))
        default: return .channelIdle("voice")
        }
    }
}
