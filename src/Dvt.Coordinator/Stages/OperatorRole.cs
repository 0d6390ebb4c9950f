namespace Dvt.Coordinator.Stages;

/// <summary>Which operators a row of <see cref="ValidatorActionTable"/> applies to.</summary>
public enum OperatorRole
{
    Anyone,
    /// <summary>The validator's owner.</summary>
    Owner,
    /// <summary>Every operator but the owner.</summary>
    NotOwner,
    /// <summary>One of the validator's holders.</summary>
    Holder,
    /// <summary>A dealer of the current round that has not dealt yet.</summary>
    DealerYetToDeal,
    /// <summary>A receiver of the current round that has not acked yet.</summary>
    ReceiverYetToAck,
    /// <summary>The owner, unless it is a receiver yet to ack (acking rebuilds its DKG key itself, before the ack).</summary>
    OwnerNotAcking,
}
