namespace ConvoMono.Infrastructure.Realtime;

/// <summary>Carries this instance's live events to the other instances (<see cref="RedisLiveBackplane"/>).</summary>
public interface ILiveBackplane
{
    void Send(LiveEvent e);
}
