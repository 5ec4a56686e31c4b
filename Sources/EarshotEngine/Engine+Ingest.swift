import EarshotCore
import EarshotStore
import Foundation

extension Engine {
    /// Runs events through the pipeline: policy gate → classifier → sensitive screen → signals →
    /// profile. The text of each event is classified and dropped. Invalid events are rejected with
    /// their index and field; the rest are applied in one transaction. Replayed event ids change nothing.
    public func ingest(_ events: [InteractionEvent]) async throws -> IngestReport {
        try checkBatch(events.count)
        var report = IngestReport()
        let existing = try await store.existingEvents(events.map(\.id))
        var seen: Set<EventID> = []
        var records: [EventRecord] = []
        var signals: [Signal] = []
        var scratch = ClassifierScratch()
        let received = now
        var newlyQuarantined: [(PersonID, ConversationID)] = []

        for (index, event) in events.enumerated() {
            guard let product = configuration.catalog.product(event.surface), product.role == .ai else {
                report.rejected.append(.init(index: index, eventID: event.id.rawValue, field: "surface",
                                             message: "'\(event.surface)' is not a configured AI surface"))
                continue
            }
            if existing.contains(event.id) || seen.contains(event.id) {
                report.duplicates += 1
                report.outcomes.append(.init(eventID: event.id, status: .duplicate, signals: 0, adEligible: false, deniedBy: []))
                continue
            }
            guard let account = try await store.account(event.accountID) else {
                report.rejected.append(.init(index: index, eventID: event.id.rawValue, field: "accountId",
                                             message: "unknown account"))
                continue
            }
            guard account.product == event.surface else {
                report.rejected.append(.init(index: index, eventID: event.id.rawValue, field: "surface",
                                             message: "does not match the account's product '\(account.product)'"))
                continue
            }
            seen.insert(event.id)
            let person = try await account.personID.asyncMap { try await store.person($0) } ?? nil
            var quarantined = false
            if let person, let conversation = event.conversationID {
                quarantined = newlyQuarantined.contains { $0 == (person.id, conversation) }
                if !quarantined { quarantined = try await store.isQuarantined(conversation, of: person.id) }
            }
            var context = PolicyContext(person: person, account: account, eventTime: event.time,
                                        eventSurfaceClass: surfaceClass(product, event.kind),
                                        conversationQuarantined: quarantined, now: received)
            var decisions = [policy.decide(.deriveInterests, context)]
            var classification = Classification(topics: [], sensitive: [], crisis: false)
            var eventSignals: [Signal] = []
            if decisions[0].allowed, let person {
                let started = ContinuousClock.now
                classification = classifier.classify(event.text, top: 8, scratch: &scratch)
                EngineMetrics.classified(since: started)
                context.classification = classification
                let store = policy.decide(.storeSignal, context)
                decisions.append(store)
                if store.allowed {
                    let strong = classification.topics.filter { $0.score >= configuration.minSignalScore }
                    for t in policy.eligibleTopics(strong, person: person, taxonomy: taxonomy,
                                                   sensitiveMap: classifier.sensitiveMap).kept {
                        eventSignals.append(Signal(personID: person.id, topicID: t.id, score: t.score,
                                                   surface: event.surface, time: event.time, eventID: event.id))
                    }
                } else if !classification.adEligible, let conversation = event.conversationID, !quarantined {
                    newlyQuarantined.append((person.id, conversation))
                }
            }
            records.append(EventRecord(
                eventID: event.id, accountID: account.id, personID: account.personID, surface: event.surface,
                kind: event.kind, time: event.time, receivedAt: received, conversationID: event.conversationID,
                topics: classification.topics, sensitive: classification.sensitive, crisis: classification.crisis,
                decisions: decisions, signalCount: eventSignals.count))
            signals += eventSignals
            report.outcomes.append(.init(
                eventID: event.id, status: .recorded, signals: eventSignals.count,
                adEligible: decisions.allSatisfy(\.allowed) && classification.adEligible,
                deniedBy: decisions.flatMap(\.denials).map(\.rule.rawValue)))
        }
        let recorded = Set(try await store.commit(IngestBatch(records: records, signals: signals),
                                                  halfLife: configuration.halfLife))
        // A concurrent call may have recorded the same id between our check and our commit.
        for i in report.outcomes.indices where report.outcomes[i].status == .recorded && !recorded.contains(report.outcomes[i].eventID) {
            report.outcomes[i].status = .duplicate
            report.outcomes[i].signals = 0
        }
        // A sensitive message quarantines its conversation: earlier signals from it are withdrawn.
        var audit: [AuditRecord] = []
        for (person, conversation) in newlyQuarantined {
            try await store.quarantine(conversation, of: person)
            let withdrawn = try await store.withdrawSignals(.conversation(person, conversation), halfLife: configuration.halfLife)
            audit.append(AuditRecord(time: received, personID: person, subject: "conversation:\(conversation)",
                                     action: "quarantine_conversation", allowed: true,
                                     note: "a sensitive message quarantined the conversation; \(withdrawn) earlier signal(s) withdrawn"))
        }
        for r in records { if let p = r.personID { audit += r.decisions.map { AuditRecord($0, personID: p, subject: "event:\(r.eventID)", time: received) } } }
        if !audit.isEmpty { try await store.appendAudit(audit) }
        report.recorded = report.outcomes.filter { $0.status == .recorded }.count
        report.duplicates = report.outcomes.filter { $0.status == .duplicate }.count
        EngineMetrics.record(report)
        logger.debug("ingested batch", metadata: ["recorded": "\(report.recorded)", "rejected": "\(report.rejected.count)"])
        return report
    }
}

extension Engine {
    /// The AI surface class of an event: the product's, except that voice on the chat assistant is voice.
    func surfaceClass(_ product: Product, _ kind: EventKind) -> AISurfaceClass {
        let cls = product.aiClass ?? kind.aiClass
        return cls == .chat && kind == .voiceTranscript ? .voice : cls
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        switch self {
        case .some(let w): try await transform(w)
        case .none: nil
        }
    }
}
