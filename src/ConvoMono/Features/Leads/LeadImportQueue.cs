using System.Threading.Channels;

namespace ConvoMono.Features.Leads;

/// <summary>Large imports waiting for the background worker of the instance that received the file (the file is on its disk).</summary>
public sealed class LeadImportQueue
{
    private readonly Channel<LeadImportJob> _jobs = Channel.CreateUnbounded<LeadImportJob>();

    public void Enqueue(LeadImportJob job) => _jobs.Writer.TryWrite(job);

    public ChannelReader<LeadImportJob> Reader => _jobs.Reader;
}
