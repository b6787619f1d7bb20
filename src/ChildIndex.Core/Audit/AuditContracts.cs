using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

public static class AuditContracts
{
    public static V1.SignedCheckpoint ToContract(this AuditCheckpointRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new V1.SignedCheckpoint
        {
            TreeSize = row.TreeSize,
            RootHash = ByteString.CopyFrom(row.RootHash),
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(row.TimeUnixSeconds)),
            KeyId = row.KeyId,
            Signature = ByteString.CopyFrom(row.Signature),
        };
    }
}
