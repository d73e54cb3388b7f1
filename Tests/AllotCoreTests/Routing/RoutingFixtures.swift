@testable import AllotCore

extension EngineFixture {
    /// Creates the documentation's sample routing: Sales to JustSales, Support to
    /// JustSupport restricted to preferred agents for 15 s and then to any
    /// support agent, everything else to Everyone.
    func createSampleRouting() throws -> (sales: String, support: String, everyone: String, workflow: String) {
        let sales = try createQueue("JustSales", targetWorkers: "skills HAS 'sales'")
        let support = try createQueue("JustSupport", targetWorkers: "skills HAS 'support'")
        let everyone = try createQueue("Everyone", targetWorkers: "1==1")
        let workflow = try createWorkflow("""
            {"task_routing": {
              "filters": [
                {"filter_friendly_name": "Sales", "expression": "type == 'Sales'", "targets": [{"queue": "\(sales)"}]},
                {"filter_friendly_name": "Support", "expression": "type == 'Support'",
                 "targets": [{"queue": "\(support)", "expression": "worker.id IN task.preferred_agents", "timeout": 15},
                             {}]}
              ],
              "default_filter": {"queue": "\(everyone)"}
            }}
            """)
        return (sales, support, everyone, workflow)
    }

    /// Takes every task the worker is offered, one at a time, accepting and
    /// completing each, and returns the offered task SIDs in order.
    func drainOffers(to worker: String, limit: Int) throws -> [String] {
        var order: [String] = []
        for _ in 0..<limit {
            guard let reservation = try reservations(ofWorker: worker).first(where: { $0.reservationStatus == .pending }) else {
                break
            }
            order.append(reservation.taskSid)
            try accept(reservation.sid)
            try complete(reservation.taskSid)
        }
        return order
    }
}
